/**
 * How long a text is as a person counts it: in Unicode code points, not UTF-16 units (an emoji is
 * one character, not two). GWS documents no unit for its limits; the simulator counts as the
 * gateway does, so a text one lets through the other takes.
 */
export function characterCount(text: string): number {
  return [...text].length;
}
