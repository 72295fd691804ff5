"""The people's side: the trader portal and the assessor workbench, served by `clearway serve`."""
