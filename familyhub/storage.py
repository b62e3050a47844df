"""Static files as production serves them: named by content hash, compressed, cached for a year.

WhiteNoise's storage, with one addition: the `import … from "./x.js"` lines of our JavaScript
modules (.mjs) are rewritten to the hashed names too. Otherwise a module would import a second
copy of a file the page already loaded under its hashed name, and that copy, under its plain
name, could only be cached briefly.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

# What Django's own module-import rewriting matches (HashedFilesMixin, for *.js), for *.mjs.
MODULE_IMPORT = (
    r"""(?P<matched>import(?s:(?P<import>[\s\{].*?|\*\s*as\s*\w+))"""
    r"""\s*from\s*['"](?P<url>[./].*?)["']\s*;)""",
    """import%(import)s from "%(url)s";""",
)


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = (*CompressedManifestStaticFilesStorage.patterns, ("*.mjs", (MODULE_IMPORT,)))
