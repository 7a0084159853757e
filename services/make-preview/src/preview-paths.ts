/** Object paths of an image's previews in the previews bucket: beside the image's own path, `.jpg`. */
export function previewPaths(canonicalPath: string): { preview: string; thumb: string } {
  const stem = canonicalPath.replace(/\.(fits\.fz|fits|fz|cr2)$/i, "");
  return { preview: `${stem}-preview.jpg`, thumb: `${stem}-thumb.jpg` };
}
