import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import { expect, test as base, type Page } from '@playwright/test'
import { toLocalInput } from '../../app/lib/dates'

// Every page a test visits must log no console error (a missing asset, a hydration mismatch…).
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('console', (msg) => {
        // Chromium logs every 4xx response as a console error; a 400 for bad input or a 403 for a
        // refused page is the behaviour under test, not a defect. 5xx and script errors still fail.
        if (
          msg.type() === 'error' &&
          !/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())
        ) {
          errors.push(msg.text())
        }
      })
      page.on('pageerror', (err) => errors.push(err.message))
      await use(errors)
      expect(errors, 'console errors on the page').toEqual([])
    },
    { auto: true },
  ],
})
export { expect }

export const DEMO_PASSWORD = 'mutirao-demo'
export const demoEmail = (role: string) => `${role}@demo.mutirao.local`

export async function logInAs(page: Page, role: string) {
  await page.goto('/login?lng=pt-BR')
  await page.locator('input[name="email"]').fill(demoEmail(role))
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD)
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('button', { name: 'Sair' })).toBeVisible()
}

/**
 * Waits until a page sent with scripts has started hydrating (Remix's router exists: React handles
 * clicks from then on). Without this a click can beat the scripts and post the plain form — more
 * so since public pages carry no scripts (ADR 038): the first hydrated page of a visit loads its
 * JavaScript cold.
 */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => '__remixRouter' in window, undefined, { timeout: 60_000 })
}

export async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}

export const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`

/** The translated text for a key, read from locales/, so tests follow the real copy. */
export function tr(lng: string, ns: string, key: string, vars: Record<string, string | number> = {}): string {
  const file = JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../locales/${lng}/${ns}.json`, import.meta.url)), 'utf8'),
  ) as Record<string, unknown>
  const find = (k: string) =>
    k.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], file)
  // A plural family (`key_one`, `key_other`…) as i18next picks it: Intl.PluralRules of the language.
  let value = find(key)
  if (value === undefined && vars.count !== undefined)
    value = find(`${key}_${new Intl.PluralRules(lng).select(Number(vars.count))}`)
  if (typeof value !== 'string') throw new Error(`missing ${lng}:${ns}:${key}`)
  return value.replace(/\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g, (_, name: string, format?: string) =>
    vars[name] === undefined
      ? ''
      : format === 'number'
        ? new Intl.NumberFormat(lng).format(Number(vars[name]))
        : String(vars[name]),
  )
}

/**
 * The path of the link in the newest message to `to` in the demo outbox (/dev/outbox, served to
 * loopback clients in demo mode). Messages are queued just after the form's answer: tried again
 * until it is there.
 */
export async function linkFromOutbox(page: Page, to: string, pattern: RegExp): Promise<string> {
  let link: string | undefined
  await expect(async () => {
    await page.goto('/dev/outbox')
    const body = await page
      .locator('article', { hasText: to })
      .first()
      .locator('pre')
      .innerText({ timeout: 1000 })
    link = pattern.exec(body)?.[0]
    expect(link).toBeTruthy()
  }).toPass({ timeout: 15_000 })
  return new URL(link!).pathname
}

/**
 * After the sign-up form was sent: the "check your messages" answer, then the link mailed to
 * `identifier` (#16.10) and its one button, which creates the account and signs the person in.
 */
export async function confirmSignUpFromOutbox(page: Page, lng: string, identifier: string) {
  await expect(page.getByRole('status')).toHaveText(tr(lng, 'auth', 'signup.sent'))
  const path = await linkFromOutbox(page, identifier, /http:\/\/\S+\/signup\/confirm\/[a-z2-7]+/)
  await page.goto(path)
  await page.getByRole('button', { name: tr(lng, 'auth', 'signup.confirmSubmit') }).click()
  await expect(page.getByRole('status')).toHaveText(tr(lng, 'common', 'home.welcome'))
  return path
}

/** Signs up a fresh account (works with JavaScript on or off) and leaves it signed in. */
export async function signUpFresh(page: Page, lng: string, name = 'Pessoa Teste') {
  const email = `p-${unique()}@example.org`
  await page.goto(`/signup?lng=${lng}`)
  await page.locator('input[name="displayName"]').fill(name)
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill('a good long password')
  await page.locator('input[name="passwordConfirm"]').fill('a good long password')
  await page.locator('input[name="consent"]').check()
  await page.locator('form.stack button[type="submit"]').click()
  await confirmSignUpFromOutbox(page, lng, email)
  return email
}

export const randomDigits = (n: number) =>
  Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('')

/** A datetime-local value on the council's clock for an instant `ms` milliseconds since the epoch. */
export const localDateTimeInput = (ms: number) => toLocalInput(new Date(ms).toISOString())

export const DEMO_ELECTION_CPM = 'demo-election-cpm-2026'
const el = (key: string) => tr('pt-BR', 'elections', key)

/**
 * The electoral commission enrols this browser as a booth device of the demo election (issue #16),
 * then signs out: the device cookie stays for the poll worker who signs in next.
 */
export async function enrolThisBrowser(page: Page, label: string) {
  await logInAs(page, 'electoral_commission')
  await page.goto(`/staff/elections/${DEMO_ELECTION_CPM}/polling-staff?lng=pt-BR`)
  await page.getByLabel(el('staffing.label')).fill(label)
  await page.getByRole('button', { name: el('staffing.enrolHere') }).click()
  await expect(page.getByText(el('staffing.done.enrolled_here'))).toBeVisible()
  await page.getByRole('button', { name: 'Sair' }).click()
  await expect(page.getByRole('link', { name: 'Entrar' }).first()).toBeVisible()
}

/** The demo poll worker (the secretariat account), on an enrolled browser, opens the booth for a voter. */
export async function openBoothFor(page: Page, protocol: string) {
  await logInAs(page, 'secretariat')
  await page.goto(`/staff/elections/${DEMO_ELECTION_CPM}/polling-station?lng=pt-BR`)
  await page.getByLabel(el('poll.search')).fill(protocol)
  await page.getByRole('button', { name: el('poll.find') }).click()
  await expect(page.getByText(protocol)).toBeVisible()
  await page.getByLabel(el('poll.documentChecked')).check()
  await page.getByRole('button', { name: el('poll.open') }).click()
  await expect(page.getByRole('heading', { level: 1, name: el('booth.title') })).toBeVisible()
}

/**
 * The secretariat, signed in (pt-BR), registers a person at the desk with the one-page form and
 * lands on the receipt; returns the protocol printed on it.
 */
export async function registerAtDesk(
  page: Page,
  person: {
    fullName: string
    birthDate: string
    gender: 'woman' | 'man'
    documentType: 'crnm' | 'passport'
    documentNumber: string
    language: string
    email?: string
  },
): Promise<string> {
  const r = (key: string) => tr('pt-BR', 'registration', key)
  await page.goto('/staff/registrations')
  await page.getByRole('link', { name: r('queue.assisted') }).click()
  await page.getByLabel(r('fields.fullName')).fill(person.fullName)
  await page.getByLabel(r('fields.birthDate')).fill(person.birthDate)
  await page.getByLabel(r('fields.nationality'), { exact: true }).selectOption('HT')
  await page.getByLabel(r(`genders.${person.gender}`), { exact: true }).check()
  await page.getByLabel(r('fields.subprefecture')).selectOption({ label: 'Mooca' })
  await page.getByLabel(r('fields.documentType')).selectOption(person.documentType)
  await page.getByLabel(r('fields.documentNumber')).fill(person.documentNumber)
  if (person.email) await page.getByLabel(r('fields.email')).fill(person.email)
  await page.getByLabel(r('fields.preferredLanguage')).selectOption(person.language)
  await page.getByLabel(r('consent.agree')).check()
  await page.getByRole('button', { name: r('assisted.submit') }).click()
  await expect(page.getByRole('status')).toHaveText(r('receipt.saved'))
  return (await page.locator('.receipt .protocol').first().innerText()).trim()
}
