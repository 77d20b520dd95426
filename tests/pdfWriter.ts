/**
 * A small PDF writer for test fixtures, the sample library and the benchmark: pages of positioned
 * text lines in Helvetica (WinAnsi, with the fi/fl ligature glyphs), page labels, and the bad cases
 * a reader must refuse (an /Encrypt dictionary, image-only pages). Deterministic: the same input
 * gives the same bytes. It writes what PDF 1.4 needs and nothing more; it is not a layout engine.
 */
import { deflateSync } from 'node:zlib';

/** One line of text on a page; `x`, `y` in points from the bottom left. */
export interface PdfLine {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly size?: number;
  /** Drawn turned counter-clockwise by 90° (reading upwards, as a margin stamp), or 270°. */
  readonly angle?: 90 | 270;
  /** Drawn with TJ instead of `text`: strings, and numbers that move what follows left by thousandths of an em (negative: right). */
  readonly kerned?: ReadonlyArray<string | number>;
  /** Runs drawn after `text`, each where the one before ends, in its own size and raised by `rise` points (a footnote marker). */
  readonly runs?: ReadonlyArray<{ readonly text: string; readonly size?: number; readonly rise?: number }>;
}

/** One page: text lines, or a grey image and no text at all (a scan without OCR). */
export interface PdfPage {
  readonly lines?: readonly PdfLine[];
  readonly imageOnly?: boolean;
}

/** What to write. */
export interface PdfSpec {
  readonly pages: readonly PdfPage[];
  readonly width?: number;
  readonly height?: number;
  /** `/PageLabels`: from page index `start`, decimal (`D`) or lower roman (`r`) labels from `first`. */
  readonly labels?: ReadonlyArray<{ readonly start: number; readonly style: 'D' | 'r'; readonly first: number }>;
  readonly title?: string;
  readonly author?: string;
  /** Adds an /Encrypt dictionary whose user password is not empty: readers must ask for it. */
  readonly encrypted?: boolean;
  /** Page contents compressed with FlateDecode, as most PDFs have them; `cut` keeps the first half of each compressed stream (a damaged file). */
  readonly deflate?: 'whole' | 'cut';
}

// WinAnsi codes of the characters beyond ASCII the seeds use; ligatures go to unused codes.
const WIN_ANSI: Readonly<Record<string, number>> = {
  '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, '…': 0x85, 'é': 0xe9, 'ü': 0xfc,
  '\u00a0': 0xa0, '\ufb01': 0x81, '\ufb02': 0x8d,
  // Spacing accents, as TeX draws them beside their letters.
  '\u00b4': 0xb4, '\u00a8': 0xa8, '\u00b8': 0xb8, '\u02c6': 0x88, '\u02dc': 0x98,
};

function encodeText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = WIN_ANSI[ch] ?? (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : 0x3f);
    if (code === 0x28 || code === 0x29 || code === 0x5c) out += `\\${String.fromCharCode(code)}`;
    else if (code < 0x20 || code > 0x7e) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(code);
  }
  return out;
}

/** The bytes of a PDF for `spec`. */
export function writePdf(spec: PdfSpec): Uint8Array {
  const width = spec.width ?? 420;
  const height = spec.height ?? 595;
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesId = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [129 /fi 141 /fl] >> >>');
  const image = add('<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\u0080\u00c0\u00c0\u0080\nendstream');
  const kids: number[] = [];
  for (const page of spec.pages) {
    let content: string;
    if (page.imageOnly) {
      content = `q ${width - 40} 0 0 ${height - 40} 20 20 cm /Im1 Do Q`;
    } else {
      content = (page.lines ?? [])
        .map((line) => {
          const at = `${line.x.toFixed(2)} ${line.y.toFixed(2)}`;
          const place = line.angle === 90 ? `0 1 -1 0 ${at} Tm` : line.angle === 270 ? `0 -1 1 0 ${at} Tm` : `${at} Td`;
          const runs = (line.runs ?? []).map((run) => ` /F1 ${run.size ?? line.size ?? 10} Tf ${run.rise ?? 0} Ts (${encodeText(run.text)}) Tj`).join('');
          const show = line.kerned ? `[${line.kerned.map((part) => (typeof part === 'number' ? String(part) : `(${encodeText(part)})`)).join(' ')}] TJ` : `(${encodeText(line.text)}) Tj`;
          return `BT /F1 ${line.size ?? 10} Tf ${place} ${show}${runs} ET`;
        })
        .join('\n');
    }
    let stream: number;
    if (spec.deflate) {
      const packed = deflateSync(Buffer.from(content, 'latin1'));
      const bytes = (spec.deflate === 'cut' ? packed.subarray(0, Math.floor(packed.length / 2)) : packed).toString('latin1');
      stream = add(`<< /Length ${bytes.length} /Filter /FlateDecode >>\nstream\n${bytes}\nendstream`);
    } else {
      stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    }
    kids.push(
      add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 ${font} 0 R >> /XObject << /Im1 ${image} 0 R >> >> /Contents ${stream} 0 R >>`),
    );
  }
  objects[pagesId - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const labels = spec.labels ? ` /PageLabels << /Nums [${spec.labels.map((l) => `${l.start} << /S /${l.style} /St ${l.first} >>`).join(' ')}] >>` : '';
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R${labels} >>`;
  const info = add(`<< /Producer (Verbatim test PDF writer)${spec.title ? ` /Title (${encodeText(spec.title)})` : ''}${spec.author ? ` /Author (${encodeText(spec.author)})` : ''} >>`);
  const encrypt = spec.encrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${'7a'.repeat(32)}> /U <${'3c'.repeat(32)}> >>`)
    : undefined;
  let pdf = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  const id = `<${'0123456789abcdef'.repeat(2)}>`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R /ID [${id} ${id}]${encrypt ? ` /Encrypt ${encrypt} 0 R` : ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** Approximate width of `text` in Helvetica at `size` points (for wrapping lines). */
export function textWidth(text: string, size: number): number {
  let units = 0;
  for (const ch of text) units += /[il.,;:'’!|]/.test(ch) ? 250 : /[mwMW—]/.test(ch) ? 850 : /[A-Z]/.test(ch) ? 680 : ch === ' ' ? 278 : 540;
  return (units / 1000) * size;
}

/** Words of `text` wrapped into lines no wider than `width` at `size` points. */
export function wrapText(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
