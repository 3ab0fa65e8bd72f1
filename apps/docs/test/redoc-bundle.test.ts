import { describe, expect, it } from 'vitest';
import { externalResourceUrls } from '../scripts/lib/external-resources.js';
import {
  externalizeRedocScript,
  localizeRedoclyBadge,
  REDOCLY_BADGE_URLS,
} from '../scripts/lib/redoc-bundle.js';

const script = 'const{hydrate}=(()=>({hydrate(){return "</script>"}}))();export{hydrate};';
const page = (body: string) =>
  `<html><body><script type="module">\n${body}\nhydrate(def, opts, el);</script></body></html>`;

describe('externalizeRedocScript', () => {
  it('replaces the inlined script, escaped the way Redocly inlines it, by an import', () => {
    const html = page(script.replace('</script', '<\\/script'));
    expect(externalizeRedocScript(html, script, './redoc.standalone.js')).toBe(
      page('import { hydrate } from "./redoc.standalone.js";'),
    );
  });

  it('fails when the page does not inline that exact script', () => {
    expect(() => externalizeRedocScript(page('other code'), script, './r.js')).toThrow(
      'the Redoc script is not inlined in the built page',
    );
  });

  it('fails when the script is inlined twice', () => {
    const inlined = script.replace('</script', '<\\/script');
    expect(() => externalizeRedocScript(page(inlined + inlined), script, './r.js')).toThrow(
      'inlined more than once',
    );
  });
});

describe('localizeRedoclyBadge', () => {
  it('points both badge logos at the local file', () => {
    const source = `a?"${REDOCLY_BADGE_URLS[0]}":"${REDOCLY_BADGE_URLS[1]}"`;
    expect(localizeRedoclyBadge(source, 'badge.svg')).toBe('a?"badge.svg":"badge.svg"');
  });

  it('fails loudly when Redoc stops using those URLs', () => {
    expect(() => localizeRedoclyBadge('no badge here', 'badge.svg')).toThrow(REDOCLY_BADGE_URLS[0]);
  });
});

describe('externalResourceUrls', () => {
  it('finds scripts, styles, fonts, images and module imports from other hosts', () => {
    const html = `
      <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
      <link rel="icon" href="//cdn.example.com/favicon.ico">
      <script src="https://cdn.example.com/redoc.js"></script>
      <img alt="logo" src='https://cdn.redoc.ly/redoc/logo-mini.svg'>
      <style>@import "https://example.com/a.css"; .x { background: url(https://example.com/b.png) }</style>
      <script type="module">import { hydrate } from "https://cdn.redocly.com/redoc.js";</script>`;
    expect(externalResourceUrls(html)).toEqual([
      '//cdn.example.com/favicon.ico',
      'https://cdn.example.com/redoc.js',
      'https://cdn.redoc.ly/redoc/logo-mini.svg',
      'https://cdn.redocly.com/redoc.js',
      'https://example.com/a.css',
      'https://example.com/b.png',
      'https://fonts.googleapis.com/css?family=Roboto',
    ]);
  });

  it('ignores local resources, plain links and URLs in text', () => {
    const html = `
      <link rel="icon" href="favicon.svg"><script type="module">import { hydrate } from "./redoc.standalone.js";</script>
      <a href="https://redocly.com/redoc/">API docs by Redocly</a>
      <p>Servers: https://api.partnero.com</p><svg xmlns="http://www.w3.org/2000/svg"></svg>`;
    expect(externalResourceUrls(html)).toEqual([]);
  });
});
