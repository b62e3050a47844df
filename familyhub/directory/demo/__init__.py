"""A synthetic but realistic demo borough (Tower Hamlets) for trying Family Hub out.

Everything here is invented except the geography: localities, real postcodes from the ONS
Postcode Directory, and the kinds of services the Early Help Strategy describes. Ids are uuid5 of
a fixed namespace so that loading twice updates the same rows instead of adding new ones.
"""
