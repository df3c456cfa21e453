package ingest

// DefaultSources is the built-in list a fresh database starts with:
// official readout pages of the leaders most often on the phone, and major
// wires and broadcasters with world news feeds. The configuration's
// sources.defaults replaces it.
func DefaultSources() []string {
	return []string{
		"http://en.kremlin.ru/events/president/news/feed",
		"https://www.whitehouse.gov/news/feed/",
		"https://www.gov.uk/government/organisations/prime-ministers-office-10-downing-street.atom",
		"https://tass.com/rss/v2.xml",
		"https://feeds.bbci.co.uk/news/world/rss.xml",
		"https://www.aljazeera.com/xml/rss/all.xml",
		"https://rss.dw.com/rdf/rss-en-world",
		"https://www.france24.com/en/rss",
		"https://www.theguardian.com/world/rss",
		"https://news.un.org/feed/subscribe/en/news/all/rss.xml",
	}
}
