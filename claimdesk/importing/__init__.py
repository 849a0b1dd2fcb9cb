"""Reading the files sellers already have (RULES.md section 6): the cell vocabulary in `cells`."""
