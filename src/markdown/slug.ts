/**
 * Heading slugs as myst-parser 0.18 computes them for `myst_heading_anchors`
 * (mdit-py-plugins `anchors_plugin`: `slugify` and `unique_slug`).
 */

/**
 * `re.sub(r"[^\w\u4e00-\u9fff\- ]", "", title.strip().lower().replace(" ", "-"))`, with Python's
 * Unicode `\w` (letters, numbers, underscore).
 */
export function slugify(title: string): string {
  const lowered = title.trim().toLowerCase().replaceAll(' ', '-')
  return lowered.replace(/[^\p{L}\p{N}_\u4e00-\u9fff\- ]/gu, '')
}

/** `unique_slug`: `slug`, then `slug-1`, `slug-2`, … within one parse. */
export function uniqueSlug(slug: string, seen: Set<string>): string {
  let unique = slug
  let i = 1
  while (seen.has(unique)) {
    unique = `${slug}-${i}`
    i++
  }
  seen.add(unique)
  return unique
}
