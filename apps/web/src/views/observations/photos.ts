import { PHOTO_LONGEST_SIDE_PX } from '#contracts';
import { refreshSession, routeUrl, session } from '../../api.ts';

/** JPEG quality of a shrunk photo: leaves and spots stay sharp at a tenth of the phone's bytes. */
const JPEG_QUALITY = 0.8;

/** The size a photo is drawn at: its longest side at most `longest`, never enlarged. */
export function fitWithin(width: number, height: number, longest: number): { width: number; height: number } {
  const scale = Math.min(1, longest / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function loadImage(file: Blob): Promise<HTMLImageElement> {
  const url = await dataUrl(file);
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('unreadable photo'));
    image.src = url;
  });
}

/**
 * A phone's photo (3-8 MB) shrunk on a canvas to a JPEG of at most 1280 px on its longest side,
 * about 100-400 KB, before it crosses the greenhouse Wi-Fi. The browser turns the picture upright
 * from its camera orientation when it draws it; a transparent PNG gets a white background.
 */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  const image = await loadImage(file);
  const { width, height } = fitWithin(image.naturalWidth, image.naturalHeight, PHOTO_LONGEST_SIDE_PX);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no canvas');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('canvas gave no photo'))),
      'image/jpeg',
      JPEG_QUALITY,
    ),
  );
}

/**
 * A blob as a data: URL for an `<img>`: the api's Content-Security-Policy lets images come from the
 * page's origin and data: only (http/security-headers.ts), not blob: URLs.
 */
export function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });
}

const urls = new Map<string, Promise<string>>();

/**
 * A stored photo as a data: URL: photos answer only with the session's token, which an
 * `<img src>` cannot send. Kept for the page's life (a photo never changes under its id).
 */
export function photoUrl(id: string): Promise<string> {
  let url = urls.get(id);
  if (!url) {
    url = (async () => {
      const address = routeUrl('GET /api/photos/:id', { params: { id } });
      const get = () =>
        fetch(address, { headers: { authorization: `Bearer ${session.get()?.accessToken ?? ''}` } });
      let response = await get();
      if (response.status === 401 && (await refreshSession())) response = await get();
      if (!response.ok) throw new Error(`photo answered ${response.status}`);
      return dataUrl(await response.blob());
    })();
    url.catch(() => urls.delete(id));
    urls.set(id, url);
  }
  return url;
}
