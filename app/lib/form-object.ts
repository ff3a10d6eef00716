// How a form post becomes the plain object a zod schema validates. A field is read once (its first
// value) unless it is declared a list (checkbox groups, multi-selects) or a map: fields sharing a
// prefix, such as the attendance grid `att_<memberId>` or named votes `v_<memberId>`, become one
// object keyed by the rest of the name. Files are left out of lists and maps.

export type FormShape = {
  /** Fields whose every value is kept, in order. */
  lists?: readonly string[]
  /** `{ attendance: 'att_' }`: `att_<id>=present` → `attendance: { <id>: 'present' }`. */
  maps?: Readonly<Record<string, string>>
  /** Maps whose every value is kept (checkbox groups per row): `q_<id>=a&q_<id>=b` → `{ <id>: ['a', 'b'] }`. */
  listMaps?: Readonly<Record<string, string>>
}

export function formObject(formData: FormData, shape: FormShape = {}): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null)
  const lists = new Set(shape.lists ?? [])
  const maps = Object.entries(shape.maps ?? {})
  const listMaps = Object.entries(shape.listMaps ?? {})
  for (const name of lists) out[name] = []
  for (const [name] of [...maps, ...listMaps]) out[name] = Object.create(null)
  for (const [key, value] of formData.entries()) {
    const map = maps.find(([, prefix]) => key.startsWith(prefix))
    const listMap = listMaps.find(([, prefix]) => key.startsWith(prefix))
    if (map) {
      if (typeof value === 'string') (out[map[0]] as Record<string, string>)[key.slice(map[1].length)] = value
    } else if (listMap) {
      if (typeof value === 'string')
        ((out[listMap[0]] as Record<string, string[]>)[key.slice(listMap[1].length)] ??= []).push(value)
    } else if (lists.has(key)) {
      if (typeof value === 'string') (out[key] as string[]).push(value)
    } else if (!(key in out)) {
      out[key] = value
    }
  }
  return out
}
