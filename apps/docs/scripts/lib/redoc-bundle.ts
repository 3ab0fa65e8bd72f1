// Post-build steps on the page `redocly build-docs --inlineBundle` writes.

/** Redocly CLI escapes `</script` before it inlines the Redoc script; this repeats it. */
function escapeForInlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * Moves the inlined Redoc script out of the page into a file of its own, so that the page
 * itself stays small and browsers cache the 2 MB script separately. The inlined copy is
 * found by exact match with the script file, which proves the page ran the same code.
 */
export function externalizeRedocScript(
  html: string,
  standalone: string,
  scriptUrl: string,
): string {
  const inlined = escapeForInlineScript(standalone);
  const at = html.indexOf(inlined);
  if (at === -1) {
    throw new Error(
      'the Redoc script is not inlined in the built page; was build-docs run with --inlineBundle, and with the Redoc script of the installed @redocly/cli?',
    );
  }
  if (html.indexOf(inlined, at + inlined.length) !== -1) {
    throw new Error('the Redoc script is inlined more than once in the built page');
  }
  const importLine = `import { hydrate } from ${JSON.stringify(scriptUrl)};`;
  return html.slice(0, at) + importLine + html.slice(at + inlined.length);
}

/**
 * Redoc's sidebar badge ("API docs by Redocly") loads its logo from Redocly's CDN, whatever
 * the options (Redoc issue #2108). Point it at a local image instead, so that viewing the
 * page requests nothing from another host.
 */
export const REDOCLY_BADGE_URLS = [
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg',
  'https://cdn.redoc.ly/redoc/logo-mini.svg',
] as const;

export function localizeRedoclyBadge(script: string, localUrl: string): string {
  let patched = script;
  for (const url of REDOCLY_BADGE_URLS) {
    if (!patched.includes(url)) {
      throw new Error(`the Redoc script no longer contains ${url}; check how its badge loads now`);
    }
    patched = patched.replaceAll(url, localUrl);
  }
  return patched;
}
