import { createResolver, createSesameClient, formatDec, formatRa, loadCatalog } from "@panoptes/lookup";
import { type Command, UsageError } from "../io";

export const lookup: Command = {
  name: "lookup",
  summary: "resolve a target name or coordinates to RA/Dec (offline catalogue, then CDS Sesame)",
  usage: "panoptes lookup NAME [--offline] [--json]",
  async run(args, io) {
    // Coordinates such as "-05:23:15" look like options to a generic parser: only our two flags are options.
    const values = { offline: args.includes("--offline"), json: args.includes("--json") };
    const unknown = args.find((a) => a.startsWith("--") && a !== "--offline" && a !== "--json");
    if (unknown) throw new UsageError(`unknown option ${unknown}`);
    const name = args.filter((a) => a !== "--offline" && a !== "--json").join(" ");
    if (!name)
      throw new UsageError(
        "name a target, e.g. panoptes lookup Vega, or coordinates such as '05:35:16.8 -05:23:15'",
      );
    const resolve = createResolver({
      catalog: await loadCatalog(),
      sesame: values.offline ? undefined : createSesameClient(),
    });
    const r = await resolve(name);
    if (values.json) io.out(JSON.stringify(r, null, 2));
    else
      io.out(
        `${r.name}: RA ${r.ra.toFixed(5)}° (${formatRa(r.ra)})  Dec ${r.dec.toFixed(5)}° (${formatDec(r.dec)})  [${r.source}]`,
      );
    return 0;
  },
};
