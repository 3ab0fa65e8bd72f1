import type { Json, SpecRuntime } from '@partnero-kit/openapi/runtime';

export type SecurityRule =
  | 'security-requirement-added'
  | 'security-narrowed'
  | 'security-scheme-changed';

export interface SecurityChange {
  rule: SecurityRule;
  message: string;
}

/** One scheme of a security requirement, as a client must satisfy it. */
interface Credential {
  scheme: string;
  /** What the scheme asks for on the wire (see `wireForms`); the scheme's name is not sent. */
  forms: string[];
  scopes: string[];
}

/**
 * An operation's `security` lists alternatives: a client satisfies one of them, and each
 * alternative asks for every scheme it names. A client written against `base` holds the
 * credentials of one base alternative; the change breaks it when no head alternative asks
 * for a subset of those (same wire form, no scope it lacks). Security that is removed or
 * gains an alternative breaks no one.
 */
export function securityChanges(
  base: { spec: SpecRuntime; security: Json[] },
  head: { spec: SpecRuntime; security: Json[] },
): SecurityChange[] {
  const headSchemes = securitySchemes(head.spec);
  const headAlternatives = alternativesOf(head.security, headSchemes);
  const changes: SecurityChange[] = [];
  for (const held of alternativesOf(base.security, securitySchemes(base.spec))) {
    if (headAlternatives.some((asked) => satisfies(held, asked))) continue;
    changes.push(explain(held, headAlternatives, headSchemes));
  }
  return changes;
}

function explain(
  held: Credential[],
  headAlternatives: Credential[][],
  headSchemes: Record<string, Json>,
): SecurityChange {
  if (held.length === 0) {
    return {
      rule: 'security-requirement-added',
      message: `the operation now requires ${describeAlternatives(headAlternatives)} (it needed no authentication)`,
    };
  }
  for (const credential of held) {
    const now = headSchemes[credential.scheme];
    const forms = now && wireForms(now);
    if (forms && !credential.forms.every((form) => forms.includes(form))) {
      return {
        rule: 'security-scheme-changed',
        message: `security scheme ${credential.scheme} changed from ${credential.forms.join(', ')} to ${forms.join(', ')}`,
      };
    }
  }
  return {
    rule: 'security-narrowed',
    message: `a client that authenticates with ${describe(held)} is no longer accepted (now ${describeAlternatives(headAlternatives)})`,
  };
}

/** Whether a client holding `held` may call an operation that asks for `asked`. */
function satisfies(held: Credential[], asked: Credential[]): boolean {
  return asked.every((need) =>
    held.some(
      (credential) =>
        credential.forms.every((form) => need.forms.includes(form)) &&
        need.scopes.every((scope) => credential.scopes.includes(scope)),
    ),
  );
}

function securitySchemes(spec: SpecRuntime): Record<string, Json> {
  const schemes = spec.resolve<Record<string, unknown> | undefined>('#/components/securitySchemes');
  return Object.fromEntries(
    Object.entries(schemes ?? {}).map(([name, scheme]) => [name, spec.resolve<Json>(scheme)]),
  );
}

/** No security at all (`[]`) is one alternative that asks for nothing. */
function alternativesOf(security: Json[], schemes: Record<string, Json>): Credential[][] {
  const alternatives = security.length === 0 ? [{}] : security;
  return alternatives.map((requirement) =>
    Object.entries(requirement).map(([scheme, scopes]) => {
      const definition = schemes[scheme];
      return {
        scheme,
        forms: definition ? wireForms(definition) : [`undefined scheme ${scheme}`],
        scopes: Array.isArray(scopes) ? scopes.map(String) : [],
      };
    }),
  );
}

/**
 * What a scheme asks a client to send, one entry per way of getting it (OAuth 2 flows), so
 * that a scheme keeps a client working when it keeps every form the client may use.
 * Descriptions and `bearerFormat` are documentation; header names and auth schemes are
 * case-insensitive.
 */
function wireForms(scheme: Json): string[] {
  switch (scheme.type) {
    case 'http':
      return [`http ${String(scheme.scheme).toLowerCase()}`];
    case 'apiKey': {
      const name = String(scheme.name);
      return [`apiKey in ${scheme.in} ${scheme.in === 'header' ? name.toLowerCase() : name}`];
    }
    case 'openIdConnect':
      return [`openIdConnect ${scheme.openIdConnectUrl}`];
    case 'oauth2':
      return Object.entries((scheme.flows as Record<string, Json> | undefined) ?? {}).map(
        ([flow, { authorizationUrl, tokenUrl }]) =>
          `oauth2 ${flow} ${[authorizationUrl, tokenUrl].filter(Boolean).join(' ')}`,
      );
    default:
      return [String(scheme.type)];
  }
}

function describe(alternative: Credential[]): string {
  if (alternative.length === 0) return 'no authentication';
  return alternative
    .map(({ scheme, scopes }) => (scopes.length > 0 ? `${scheme} [${scopes.join(', ')}]` : scheme))
    .join(' and ');
}

function describeAlternatives(alternatives: Credential[][]): string {
  return alternatives.map(describe).join(' or ');
}
