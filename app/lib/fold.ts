/**
 * Text folded for comparing names: accents, case, punctuation and spacing dropped, so
 * "Coletivo Sí, Se Puede" and "coletivo si se puede" are one key.
 */
export function foldedWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}
