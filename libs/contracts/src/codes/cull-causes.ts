/** Why seedlings were culled (shared with the technician's count form and the reports). */
export const CULL_CAUSES = [
  'damping-off',
  'cold',
  'heat',
  'drought',
  'waterlogging',
  'pests',
  'mechanical',
  'other',
] as const;

export type CullCause = (typeof CULL_CAUSES)[number];

export function isCullCause(value: unknown): value is CullCause {
  return typeof value === 'string' && (CULL_CAUSES as readonly string[]).includes(value);
}
