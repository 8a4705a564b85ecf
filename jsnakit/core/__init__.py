"""The ground floor: errors, the frame schemas, the indicator catalogue's definitions, geography and atomic file
writes. Imports nothing else of jsnakit."""
