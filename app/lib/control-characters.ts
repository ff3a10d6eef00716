/**
 * Control characters nobody types (NUL, escape, backspace… — every C0 code but tab, line feed and
 * carriage return, and DEL) are removed from free text and imported files: a NUL stored in an
 * agenda item breaks exports and other programs that read the data, and the rest only hides text
 * (#16).
 */
export function stripControlCharacters(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return value.replace(/[\u0000-\u0008\v\f\u000e-\u001f\u007f]/g, '')
}
