/**
 * Generates libs/lookup/data/catalog-index.json, the compact name index of @panoptes/lookup, from the
 * d3-celestial package's data (starnames, stars.14, dsos.14, dsonames, messier). Reproducible: the same
 * d3-celestial version gives the same bytes, and a test fails when the committed file differs.
 *
 * Run: npx tsx scripts/dev/generate-lookup-catalog.ts
 */
import fs from "node:fs";
import path from "node:path";
import {
  buildCatalogRows,
  CATALOG_INDEX_PATH,
  catalogIndexSource,
  defaultCatalogDataDir,
  readCatalogSources,
  serializeCatalogFile,
} from "@panoptes/lookup";

async function main(): Promise<void> {
  const dataDir = defaultCatalogDataDir();
  const rows = buildCatalogRows(await readCatalogSources(dataDir));
  const text = serializeCatalogFile(rows, catalogIndexSource(dataDir));
  const out = path.resolve(__dirname, "../..", "libs", "lookup", CATALOG_INDEX_PATH);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  console.log(`wrote ${out}: ${rows.length} objects, ${(text.length / 1024).toFixed(0)} KiB`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
