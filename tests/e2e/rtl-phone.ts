import type { Page } from '@playwright/test'
import { expect, expectNoSeriousAxeViolations } from './fixtures'

/**
 * How far the page scrolls sideways (1 px of rounding allowed), and the innermost elements that
 * stick out of the screen, so a failure names what to fix.
 */
export async function expectNoSidewaysScroll(page: Page, what: string) {
  const { overflow, culprits } = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement
    const width = root.clientWidth
    const out: string[] = []
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const box = el.getBoundingClientRect()
      if (box.width === 0 || !el.checkVisibility()) continue // e.g. the closed language menu
      // A box that fits but whose text does not (a long address that cannot wrap).
      const textOut =
        el instanceof HTMLElement &&
        el.scrollWidth > el.clientWidth + 1 &&
        getComputedStyle(el).overflowX === 'visible' &&
        Array.from(el.childNodes).some((c) => c.nodeType === Node.TEXT_NODE && c.textContent?.trim())
      if (!textOut && box.left >= -1 && box.right <= width + 1) continue
      // Inside a region that scrolls or clips on its own (a wide table, the menu): not the page.
      let clipped = false
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible') clipped = true
      if (clipped) continue
      // Only the innermost: an element whose children all fit is the one to fix.
      const childOut = Array.from(el.children).some((c) => {
        const b = c.getBoundingClientRect()
        return b.width > 0 && c.checkVisibility() && (b.left < -1 || b.right > width + 1)
      })
      if (childOut) continue
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${
        typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : ''
      }`
      const text = (el.textContent ?? '').trim().slice(0, 30)
      out.push(`${name} "${text}" [${Math.round(box.left)}, ${Math.round(box.right)}]`)
    }
    return { overflow: root.scrollWidth - width, culprits: out.slice(0, 8) }
  })
  expect(overflow, `${what} scrolls sideways: ${culprits.join('; ')}`).toBeLessThanOrEqual(1)
}

/** Every visible-by-design control of the page's main region (not hidden inputs). */
const controls = (page: Page) =>
  page.locator('main').locator('input:not([type="hidden"]), select, textarea, button')

async function expectHeadingAndControlsVisible(page: Page, heading: string) {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
  const all = controls(page)
  const count = await all.count()
  for (let i = 0; i < count; i++) await expect(all.nth(i)).toBeVisible()
  return count
}

/**
 * Issue #18's new pages in Arabic on a phone: `<html lang="ar" dir="rtl">`, no serious axe
 * violation (WCAG 2.2 AA tags), no sideways scrolling at 360 px, the main heading and every form
 * control visible — and the same at 200 % text (the root font size doubled, as accessibility.spec.ts
 * checks reflow). `path` is opened with `?lng=ar` unless `opened` says the page is already there
 * (a page reached by posting a form).
 */
export async function expectArabicPageFitsA360pxPhone(
  page: Page,
  path: string | null,
  heading: string,
  { minControls = 1 }: { minControls?: number } = {},
) {
  await page.setViewportSize({ width: 360, height: 740 })
  if (path) await page.goto(`${path}${path.includes('?') ? '&' : '?'}lng=ar`)
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await page.waitForLoadState('load')
  expect(await expectHeadingAndControlsVisible(page, heading)).toBeGreaterThanOrEqual(minControls)
  await expectNoSidewaysScroll(page, `${path ?? page.url()} at 360 px`)
  await expectNoSeriousAxeViolations(page)

  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%'
  })
  await expectNoSidewaysScroll(page, `${path ?? page.url()} at 200 %`)
  await expectHeadingAndControlsVisible(page, heading)
  await page.evaluate(() => {
    document.documentElement.style.fontSize = ''
  })
}
