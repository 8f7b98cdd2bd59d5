// Draws the app and tray icons (PNG, written with zlib, no image tools needed):
//   build/icons/<N>x<N>.png and build/icons/icon.png  - app icon for electron-builder
//   resources/icons/app.png                           - window icon
//   resources/icons/tray.png, tray@2x.png             - Windows/Linux tray (coloured tile)
//   resources/icons/trayTemplate.png, @2x             - macOS menu bar (black + alpha template)
// Run: node build/generate-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA pixels (Uint8Array, width*height*4) to PNG bytes. */
export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // no filter
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// Signed distances in unit coordinates (0..1), negative inside.
const circle = (px, py, cx, cy, r) => Math.hypot(px - cx, py - cy) - r;
function segment(px, py, ax, ay, bx, by, halfWidth) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy) - halfWidth;
}
function roundedSquare(px, py, inset, radius) {
  const half = 0.5 - inset - radius;
  const qx = Math.abs(px - 0.5) - half, qy = Math.abs(py - 0.5) - half;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** The mark: one node fanning out to three, a request routed to providers. */
function glyph(px, py, bold) {
  const from = [0.27, 0.5];
  const to = [[0.73, 0.27], [0.73, 0.5], [0.73, 0.73]];
  const line = bold ? 0.05 : 0.028;
  let d = circle(px, py, from[0], from[1], bold ? 0.11 : 0.085);
  for (const [x, y] of to) {
    d = Math.min(d, circle(px, py, x, y, bold ? 0.09 : 0.065), segment(px, py, from[0], from[1], x, y, line));
  }
  return d;
}

const coverage = (d, pixel) => Math.max(0, Math.min(1, 0.5 - d / pixel));
const mix = (a, b, t) => Math.round(a + (b - a) * t);

function draw(size, kind) {
  const out = new Uint8Array(size * size * 4);
  const pixel = 1 / size;
  const bold = size <= 64;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = (x + 0.5) / size, py = (y + 0.5) / size;
      const mark = coverage(glyph(px, py, bold), pixel);
      const i = (y * size + x) * 4;
      if (kind === 'template') {
        out.set([0, 0, 0, Math.round(mark * 255)], i);
        continue;
      }
      const tile = coverage(roundedSquare(px, py, size <= 32 ? 0 : 0.06, 0.2), pixel);
      const t = (px + py) / 2; // indigo -> sky diagonal
      const bg = [mix(0x4f, 0x0e, t), mix(0x46, 0xa5, t), mix(0xe5, 0xe9, t)];
      out.set([mix(bg[0], 255, mark), mix(bg[1], 255, mark), mix(bg[2], 255, mark), Math.round(tile * 255)], i);
    }
  }
  return encodePng(size, size, out);
}

function write(file, bytes) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  console.log(`wrote ${file.slice(root.length + 1)} (${bytes.length} bytes)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const size of [16, 32, 48, 64, 128, 256, 512]) write(join(root, 'build', 'icons', `${size}x${size}.png`), draw(size, 'tile'));
  write(join(root, 'build', 'icons', 'icon.png'), draw(512, 'tile'));
  write(join(root, 'resources', 'icons', 'app.png'), draw(256, 'tile'));
  write(join(root, 'resources', 'icons', 'tray.png'), draw(16, 'tile'));
  write(join(root, 'resources', 'icons', 'tray@2x.png'), draw(32, 'tile'));
  write(join(root, 'resources', 'icons', 'trayTemplate.png'), draw(16, 'template'));
  write(join(root, 'resources', 'icons', 'trayTemplate@2x.png'), draw(32, 'template'));
}
