/** "C2569-00042". */
export function formatCaseNumber(year: number, seq: number): string {
  return `C${year}-${String(seq).padStart(5, '0')}`;
}

/** A case number as citizens type it ("c2569-42", "C 2569-00042") in its canonical form, or undefined. */
export function normalizeCaseNumber(text: string): string | undefined {
  const match = /^c\s*-?\s*(\d{4})\s*-\s*(\d{1,5})$/i.exec(text.trim());
  if (!match) return undefined;
  const seq = Number(match[2]);
  return seq > 0 ? formatCaseNumber(Number(match[1]), seq) : undefined;
}
