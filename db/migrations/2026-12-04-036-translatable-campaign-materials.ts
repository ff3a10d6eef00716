import type { Kysely } from 'kysely'

// Frozen. Issue #19 (one content model for every authored text, ADR 027): a campaign material's
// label becomes translatable like every other authored text — `label_i18n`, a JSON column holding
// one text per language, `_orig` (the author's language when it is not Portuguese) and `_basis`
// (what each translation was made from). `label` stays as the original text (ordering, open data).
// The backfill runs in JS, in batches, the same on SQLite and PostgreSQL: each label becomes the
// original in the material's own `language` (a poster in Creole is labelled in Creole), or in
// Portuguese when the material has no language. The JSON is written as app/i18n/content.ts
// writes it (`originalContent`), without importing app code.
const DEFAULT_LANGUAGE = 'pt-BR'
const LANGUAGES = ['pt-BR', 'es', 'en', 'fr', 'ht', 'ar', 'zh']
const BATCH = 500

function originalJson(text: string, language: string | null): string {
  const lang = language && LANGUAGES.includes(language) ? language : DEFAULT_LANGUAGE
  if (text.trim() === '') return '{}'
  return JSON.stringify(lang === DEFAULT_LANGUAGE ? { [lang]: text } : { [lang]: text, _orig: lang })
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('campaign_materials')
    .addColumn('label_i18n', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute()
  let after = ''
  for (;;) {
    const rows: { id: string; label: string; language: string | null }[] = await db
      .selectFrom('campaign_materials')
      .select(['id', 'label', 'language'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute()
    if (!rows.length) break
    for (const r of rows)
      await db
        .updateTable('campaign_materials')
        .set({ label_i18n: originalJson(r.label, r.language) })
        .where('id', '=', r.id)
        .execute()
    after = rows[rows.length - 1]!.id
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('campaign_materials').dropColumn('label_i18n').execute()
}
