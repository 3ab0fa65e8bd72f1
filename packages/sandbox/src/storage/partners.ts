import type { Partner, PartnerLookup } from './types.js';

/** A partner reference names its partner by key, else by id, else by email: tried in this order. */
export const PARTNER_LOOKUP_ORDER = ['key', 'id', 'email'] as const;

/**
 * The partner a reference names among partners not stored yet (a seed's own), by the rule
 * `Storage.findPartner` applies to stored ones.
 */
export function matchPartner(
  partners: readonly Partner[],
  lookup: PartnerLookup,
): Partner | undefined {
  for (const column of PARTNER_LOOKUP_ORDER) {
    const target = lookup[column];
    if (target === undefined) continue;
    const found = partners.find((partner) => partner[column] === target);
    if (found) return found;
  }
  return undefined;
}
