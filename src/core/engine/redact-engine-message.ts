/**
 * Returns an engine's status message safe for a PR comment, a commit status and logs.
 * Ferry does not render an engine environment, so it cannot mask known Secret values
 * as it does for its own apply; instead it removes what engines are known to echo:
 * credentials in URLs (`https://user:token@host`, as a GitRepository URL may carry them)
 * and the values the API server quotes after `Invalid value:` when the message is about
 * a Secret (a dry-run refusing a Secret echoes the offending value). Pure.
 *
 * @example
 * redactEngineMessage("unable to clone 'https://bot:ghp_x@github.com/acme/config'") // "unable to clone 'https://***@github.com/acme/config'"
 */
export function redactEngineMessage(message: string): string {
  const withoutCredentials = message.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"]+@/gi, "$1***@");
  if (!/\bSecret\b/.test(withoutCredentials)) return withoutCredentials;
  return withoutCredentials.replace(/(Invalid value:\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\S+)/g, '$1"***"');
}
