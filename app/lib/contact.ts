/**
 * "m•••@example.org", "+55•••••••4321": enough for a person to recognise their own contact, or for
 * staff to confirm they found the right account, without showing the address.
 */
export function maskContact(contact: string): string {
  const at = contact.indexOf('@')
  if (at > 0) return `${contact[0]}•••${contact.slice(at)}`
  return `${contact.slice(0, 3)}•••••${contact.slice(-4)}`
}
