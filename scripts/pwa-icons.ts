/**
 * Draws the installed app's PNG icons (client/public/icons) from the favicon's shapes: a blue tile with the white
 * "F" and "^" strokes. Chromium wants PNG icons of 192 and 512 px to offer installation, and a maskable one whose
 * drawing stays inside the central safe circle that launchers crop to. Run `node scripts/pwa-icons.ts` after
 * changing favicon.svg; the PNGs are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'client', 'public', 'icons');

/** favicon.svg in its 32-unit box: the tile's corner radius and the strokes of the glyph. */
const tile = { size: 32, radius: 8, colour: [0x1d, 0x4e, 0xd8] };
const strokeHalfWidth = 1.25;
const strokes: [number, number, number, number][] = [
  [9, 22, 9, 10],
  [9, 10, 19, 10],
  [9, 16, 17, 16],
  [21, 22, 24, 16],
  [24, 16, 27, 22],
];

function distanceToSegment(x: number, y: number, [ax, ay, bx, by]: (typeof strokes)[number]) {
  const dx = bx - ax;
  const dy = by - ay;
  const along = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - along * dx, y - ay - along * dy);
}

function insideRoundedTile(x: number, y: number, radius: number) {
  const cx = Math.max(radius, Math.min(tile.size - radius, x));
  const cy = Math.max(radius, Math.min(tile.size - radius, y));
  return x >= 0 && y >= 0 && x <= tile.size && y <= tile.size && Math.hypot(x - cx, y - cy) <= radius;
}

/**
 * One sample of the icon at (x, y) in the 32-unit box: transparent, the tile's blue or the glyph's white. A
 * maskable icon fills the whole square and draws its glyph smaller, around the centre.
 */
function sample(x: number, y: number, maskable: boolean): 'none' | 'tile' | 'glyph' {
  if (!maskable && !insideRoundedTile(x, y, tile.radius)) return 'none';
  const scale = maskable ? 0.7 : 1;
  const gx = (x - 16) / scale + 16;
  const gy = (y - 16) / scale + 16;
  return strokes.some((s) => distanceToSegment(gx, gy, s) <= strokeHalfWidth) ? 'glyph' : 'tile';
}

/** RGBA pixels, each the average of 4×4 samples so that edges are smooth. */
function draw(pixels: number, maskable: boolean): Buffer {
  const rgba = Buffer.alloc(pixels * pixels * 4);
  const grid = 4;
  for (let py = 0; py < pixels; py++) {
    for (let px = 0; px < pixels; px++) {
      let alpha = 0;
      let white = 0;
      for (let sy = 0; sy < grid; sy++) {
        for (let sx = 0; sx < grid; sx++) {
          const x = ((px + (sx + 0.5) / grid) / pixels) * tile.size;
          const y = ((py + (sy + 0.5) / grid) / pixels) * tile.size;
          const what = sample(x, y, maskable);
          if (what !== 'none') alpha++;
          if (what === 'glyph') white++;
        }
      }
      const offset = (py * pixels + px) * 4;
      const whiteShare = alpha === 0 ? 0 : white / alpha;
      for (let c = 0; c < 3; c++) {
        rgba[offset + c] = Math.round(tile.colour[c]! + (255 - tile.colour[c]!) * whiteShare);
      }
      rgba[offset + 3] = Math.round((alpha / (grid * grid)) * 255);
    }
  }
  return rgba;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A PNG of 8-bit RGBA rows, each row without filtering. */
function encodePng(pixels: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(pixels, 0);
  header.writeUInt32BE(pixels, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(pixels * (pixels * 4 + 1));
  for (let y = 0; y < pixels; y++) {
    rgba.copy(rows, y * (pixels * 4 + 1) + 1, y * pixels * 4, (y + 1) * pixels * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(outDir, { recursive: true });
for (const [name, pixels, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
] as const) {
  writeFileSync(path.join(outDir, name), encodePng(pixels, draw(pixels, maskable)));
  console.log(`client/public/icons/${name}`);
}
