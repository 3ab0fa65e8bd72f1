// Finds resources a page would load from another host: scripts, styles, images, fonts,
// frames and module imports. Plain links (<a href>) and URLs inside text are not loads.

const LOADING_PATTERNS: RegExp[] = [
  /<(?:script|img|iframe|source|audio|video|embed|track)\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]+)/gi,
  /<link\b[^>]*?\shref\s*=\s*["']?([^"'\s>]+)/gi,
  /<object\b[^>]*?\sdata\s*=\s*["']?([^"'\s>]+)/gi,
  /url\(\s*["']?([^"')\s]+)/gi,
  /@import\s+["']([^"']+)/gi,
  /\bimport\s*(?:[\w{}\s,*]+\s+from\s+)?["']([^"']+)["']/g,
];

/** Absolute http(s) or protocol-relative URLs the page would load. */
export function externalResourceUrls(html: string): string[] {
  const found = new Set<string>();
  for (const pattern of LOADING_PATTERNS) {
    for (const match of html.matchAll(pattern)) {
      const url = match[1] ?? '';
      if (/^(?:https?:)?\/\//i.test(url)) found.add(url);
    }
  }
  return [...found].sort();
}
