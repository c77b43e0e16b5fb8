/** Number and time formats for the views, in the host's locale. */
let locale = 'en';

export function setFormatLocale(l: string): void {
  try {
    new Intl.NumberFormat(l);
    locale = l;
  } catch {
    locale = 'en';
  }
}

/** 0.97312 -> "97.31%" ("97,31 %" in Russian). */
export function percent(x: number | undefined, digits = 2): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

export function decimal(x: number | undefined, digits = 4): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

export function integer(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(x);
}

/** 14714688 -> "14.7M". */
export function compact(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(x);
}

/** Seconds as a clock: "0:42", "12:05", "1:02:03". */
export function clock(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A learning rate the way people write it: 1e-5, 0.001. */
export function rate(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential().replace(/\.0+e/, 'e').replace('e-', 'e-') : String(x);
}

export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(d);
}
