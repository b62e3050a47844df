// Copies the parts of govuk-frontend the site serves into familyhub/static/govuk/.
//
// Deliberately NOT copied: the GDS Transport fonts (licensed to GOV.UK only) and govuk-frontend's
// images, which are all GOV.UK branding (crown favicons, crest, GOV.UK app icons and share
// image). A council service must not show them, so the site uses its own favicon.svg.
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const target = join(root, "familyhub", "static", "govuk");

// govuk-frontend.min.js is an ES module exporting initAll; familyhub-init.mjs imports it.
const files = ["govuk-frontend.min.js", "govuk-frontend.min.js.map"];

await mkdir(target, { recursive: true });
for (const file of files) {
  await copyFile(join(source, file), join(target, file));
}
console.log(`Copied ${files.length} govuk-frontend files to ${target}`);
