// Test helper: vitest reports a skipped block by its title only, so a block that can be skipped
// carries its reason in the title when it is skipped ("… — skipped: python3 has no torch …").
export function skipTitle(title: string, skipReason: string | null): string {
  return skipReason === null ? title : `${title} — skipped: ${skipReason}`;
}
