"""What a reader must see to weigh a claim, worked out once for every output.

`view` builds the view of each event, fact and partner statement; `marks` declares
the wording of every mark, basis and flag; `columns` gives the flat columns CSV
writes, from the record declarations. No terminal code here.
"""
