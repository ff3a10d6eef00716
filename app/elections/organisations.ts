import { foldedWords } from '../lib/fold'

// Organisations stand once per election (issue #17): their names are compared folded — case,
// accents, punctuation and spacing do not make "Coletivo Sí, Se Puede" another group than
// "coletivo si se puede".
export function organisationKey(name: string): string {
  return foldedWords(name)
}
