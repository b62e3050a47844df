"""The demo borough: a synthetic but realistic Tower Hamlets for trying Family Hub out.

Production never installs this app: settings add it to INSTALLED_APPS only when FAMILYHUB_DEMO is
on (`make run` sets it), and its loaders refuse to run without the switch as well. Everything is
invented except the geography (real postcodes from the ONS Postcode Directory). The rows live as
data files in `data/`; the modules here read them and write them into the database. Ids are uuid5
of a fixed namespace, so loading twice updates the same rows instead of adding new ones.
"""
