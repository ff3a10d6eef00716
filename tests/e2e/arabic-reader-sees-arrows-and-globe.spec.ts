import { expect, test } from './fixtures'

// Issue #19 (right-to-left as a person sees it): the back link's arrow points to the reader's
// "back" (the right in Arabic, the left in Portuguese), and the language switcher's globe is drawn
// by the page (an SVG), not by a font glyph that Debian's fonts lack.

const mirrored = (transform: string) => transform.startsWith('matrix(-1')

for (const [lng, dir, flipped] of [
  ['ar', 'rtl', true],
  ['pt-BR', 'ltr', false],
] as const) {
  test(`in ${lng} the back link's arrow ${flipped ? 'is' : 'is not'} mirrored`, async ({ page }) => {
    await page.goto(`/elections/demo-election-cpm-2026?lng=${lng}`)
    await expect(page.locator('html')).toHaveAttribute('dir', dir)
    const arrow = page.locator('a[href="/elections"] .arrow').first()
    await expect(arrow).toHaveAttribute('aria-hidden', 'true')
    const transform = await arrow.evaluate((el) => getComputedStyle(el).transform)
    expect(mirrored(transform), transform).toBe(flipped)
    const globe = page.locator('.language-picker summary svg')
    await expect(globe).toBeVisible()
    await expect(globe).toHaveAttribute('aria-hidden', 'true')
    await expect(page.locator('.language-picker summary')).not.toContainText('🌐')
  })
}
