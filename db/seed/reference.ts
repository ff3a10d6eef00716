import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { LANGUAGES } from '../../app/i18n/config'
import type { Database } from '../schema'
import { THEMATIC_AXES } from '../schema'
import { slugify } from '../../app/lib/slug'

// Reference data every deployment needs (not demo content). Idempotent: safe on every start.

export const SUBPREFECTURES = [
  'Aricanduva/Formosa/Carrão',
  'Butantã',
  'Campo Limpo',
  'Capela do Socorro',
  'Casa Verde/Cachoeirinha',
  'Cidade Ademar',
  'Cidade Tiradentes',
  'Ermelino Matarazzo',
  'Freguesia/Brasilândia',
  'Guaianases',
  'Ipiranga',
  'Itaim Paulista',
  'Itaquera',
  'Jabaquara',
  'Jaçanã/Tremembé',
  'Lapa',
  "M'Boi Mirim",
  'Mooca',
  'Parelheiros',
  'Penha',
  'Perus',
  'Pinheiros',
  'Pirituba/Jaraguá',
  'Santana/Tucuruvi',
  'Santo Amaro',
  'São Mateus',
  'São Miguel Paulista',
  'Sapopemba',
  'Sé',
  'Vila Maria/Vila Guilherme',
  'Vila Mariana',
  'Vila Prudente',
] as const

export const AXES = THEMATIC_AXES

export const DIMENSIONS = [
  'institutional_structure',
  'public_servant_training',
  'participation',
  'transparency',
  'partnerships',
  'health',
  'education',
  'social_assistance',
  'labour_market',
  'protection_services',
] as const

// Names of axes and dimensions come from locales/*/reference.json, so they are translated once.
function namesFor(group: 'axes' | 'dimensions', code: string): string {
  const names: Record<string, string> = {}
  for (const lng of LANGUAGES) {
    const path = join(process.cwd(), 'locales', lng, 'reference.json')
    if (!existsSync(path)) continue // the locale test reports the missing file
    const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string>>
    const name = file[group]?.[code]
    if (name) names[lng] = name
  }
  return JSON.stringify(names)
}

export async function seedReference(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('subprefectures')
    .values(
      SUBPREFECTURES.map((name, i) => ({ id: i + 1, slug: slugify(name), name, immigrant_share_pct: null })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  await db
    .insertInto('thematic_axes')
    .values(AXES.map((code, i) => ({ id: i + 1, code, position: i + 1, name_i18n: namesFor('axes', code) })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  await db
    .insertInto('migracidades_dimensions')
    .values(
      DIMENSIONS.map((code, i) => ({
        id: i + 1,
        code,
        position: i + 1,
        name_i18n: namesFor('dimensions', code),
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}
