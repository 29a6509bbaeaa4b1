/** What the server, the dashboard and the client read from a zod issue. */
export type IssueLike = { path: ReadonlyArray<PropertyKey>; message: string };

/** One issue in words, `where.path: message` (just the message when it has no place). */
export function describeIssue(issue: IssueLike, where?: string): string {
  const path = [where, ...issue.path.map(String)].filter(Boolean).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** The first issue of a failed parse in words, or `fallback` when there is none. */
export function firstIssueMessage(error: { issues: ReadonlyArray<IssueLike> }, fallback: string): string {
  const first = error.issues[0];
  return first ? describeIssue(first) : fallback;
}
