// The header cell over a table's row buttons: named for screen readers, blank on screen.
export function ActionsHeader() {
  return (
    <th scope="col" className="actions-col">
      <span className="sr-only">Actions</span>
    </th>
  );
}
