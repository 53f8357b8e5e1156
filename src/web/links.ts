/** Where a taxonomy node's leaderboard lives: /leaderboards/capability/<node path>. */
export function leaderboardHref(uri: string): string {
  return `/leaderboards/capability/${uri.replace(/^capability:\/\//, "")}`;
}
