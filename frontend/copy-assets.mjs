// Copies the parts of govuk-frontend the site serves into familyhub/static/govuk/, and the
// Noto Sans Bengali font files into familyhub/static/govuk/fonts/.
//
// Deliberately NOT copied: the GDS Transport fonts (licensed to GOV.UK only) and govuk-frontend's
// images, which are all GOV.UK branding (crown favicons, crest, GOV.UK app icons and share
// image). A council service must not show them, so the site uses its own favicon.svg.
//
// Noto Sans Bengali: Bengali pages (and the "বাংলা" of the language switcher on every page) would
// show empty boxes on a device without a Bengali font. Only fontsource's "bengali" subset is
// copied, in the two weights the pages use: Latin text stays in Arial, the council's brand.
// Its licence (SIL OFL 1.1) asks that it travel with the font.
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const target = join(root, "familyhub", "static", "govuk");

const bengali = join(modules, "@fontsource", "noto-sans-bengali");
// [from, to]: to is relative to target. familyhub.scss names the font files by these paths.
const copies = [
  // govuk-frontend.min.js is an ES module exporting initAll; familyhub-init.mjs imports it.
  ...["govuk-frontend.min.js", "govuk-frontend.min.js.map"].map((file) => [
    join(modules, "govuk-frontend", "dist", "govuk", file),
    file,
  ]),
  ...[400, 700].map((weight) => {
    const file = `noto-sans-bengali-bengali-${weight}-normal.woff2`;
    return [join(bengali, "files", file), join("fonts", file)];
  }),
  [join(bengali, "LICENSE"), join("fonts", "noto-sans-bengali-OFL.txt")],
];

await mkdir(join(target, "fonts"), { recursive: true });
for (const [from, to] of copies) {
  await copyFile(from, join(target, to));
}
console.log(`Copied ${copies.length} files to ${target}`);
