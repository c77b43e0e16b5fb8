/** Small real JPEGs made with sharp, each with different pixels (so no two are the same photo). */
import sharp from 'sharp';

export async function makeJpeg(index: number, size = 24): Promise<Buffer> {
  const background = { r: (index * 37) % 256, g: (index * 91 + 13) % 256, b: Math.floor(index / 7) % 256 };
  return sharp({ create: { width: size, height: size, channels: 3, background } }).jpeg({ quality: 90 }).toBuffer();
}

export async function makePng(index: number, size = 24): Promise<Buffer> {
  const background = { r: (index * 53) % 256, g: 200, b: (index * 11) % 256 };
  return sharp({ create: { width: size, height: size, channels: 3, background } }).png().toBuffer();
}
