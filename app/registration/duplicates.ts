import { foldedWords } from '../lib/fold'

// "Same name + date of birth + nationality" is only a hint for the reviewer (people do share names),
// so it is a flag, not a constraint. Names are compared without accents, case or word order
// ("José María Quispe" = "quispe jose maria").
export function normaliseName(name: string): string {
  return foldedWords(name).split(' ').filter(Boolean).sort().join(' ')
}

export function duplicateKey(fullName: string, birthDate: string, nationalities: string[]): string {
  const primary = [...nationalities].sort().join('+')
  return `${normaliseName(fullName)}|${birthDate}|${primary}`
}
