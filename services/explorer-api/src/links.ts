import type { ExplorerApiConfig } from "./config";

/**
 * A download URL for a stored object: the Storage emulator's media URL when the emulators run, otherwise
 * `FILES_BASE_URL/BUCKET/PATH` (public objects on Google Cloud Storage). Path segments are URL-encoded.
 */
export function fileUrl(config: ExplorerApiConfig, bucket: string, path: string): string {
  if (config.FIREBASE_STORAGE_EMULATOR_HOST) {
    return `http://${config.FIREBASE_STORAGE_EMULATOR_HOST}/v0/b/${bucket}/o/${encodeURIComponent(path)}?alt=media`;
  }
  return `${config.FILES_BASE_URL.replace(/\/$/, "")}/${bucket}/${path.split("/").map(encodeURIComponent).join("/")}`;
}
