/** How long in-flight requests may finish at shutdown before their connections are cut (then usage is flushed). */
export const SERVER_DRAIN_MS = 10_000;
