import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { LANGUAGES, NAMESPACES, type Language, type Namespace } from './config'

export type Resources = Record<Language, Record<Namespace, Record<string, unknown>>>

// Read once from locales/ (the single home of UI strings) when the server starts.
function load(): Resources {
  const dir = join(process.cwd(), 'locales')
  const out = {} as Resources
  for (const lng of LANGUAGES) {
    out[lng] = {} as Record<Namespace, Record<string, unknown>>
    for (const ns of NAMESPACES) {
      out[lng][ns] = JSON.parse(readFileSync(join(dir, lng, `${ns}.json`), 'utf8')) as Record<string, unknown>
    }
  }
  return out
}

let cached: Resources | undefined
export function getResources(): Resources {
  cached ??= load()
  return cached
}
