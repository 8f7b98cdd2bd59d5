// A background response's usage row is amended when it ends (responses-background.ts): its web searches are
// held to what the request allowed (web-search-allowance.ts), kept with the response when it is stored, since
// the request is gone by then. Rows before this read NULL: held to MAX_WEB_SEARCHES_PER_ANSWER, as they were.
import type { Database, Migration } from '../migration';

const SQL = `
ALTER TABLE stored_responses ADD COLUMN request_web_searches_allowed INTEGER;
`;

export const responseSearchAllowanceMigration: Migration = {
  version: 19,
  name: 'response-search-allowance',
  up(db: Database): void {
    db.exec(SQL);
  },
};
