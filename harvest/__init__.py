"""Harvesters of the DigiCanvis Observatory (installed as ``ckanext.digicanvis.harvest``)."""
