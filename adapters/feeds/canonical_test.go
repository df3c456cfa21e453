package feeds

import "testing"

func TestCanonicalURL(t *testing.T) {
	cases := map[string]string{
		"HTTPS://News.Test/World/Story":                                        "https://news.test/World/Story",
		"https://news.test:443/a":                                              "https://news.test/a",
		"http://news.test:80/a":                                                "http://news.test/a",
		"http://news.test:8080/a":                                              "http://news.test:8080/a",
		"https://news.test":                                                    "https://news.test/",
		"https://news.test./a":                                                 "https://news.test/a",
		"https://news.test/a#comments":                                         "https://news.test/a",
		"https://news.test/a?":                                                 "https://news.test/a",
		"https://user:pw@news.test/a":                                          "https://news.test/a",
		"https://news.test/a?utm_source=x&utm_medium=y":                        "https://news.test/a",
		"https://news.test/a?b=2&a=1":                                          "https://news.test/a?a=1&b=2",
		"https://news.test/a?id=5&fbclid=Z&UTM_Campaign=q":                     "https://news.test/a?id=5",
		"https://news.test/a?gclid=1&mc_cid=2&mc_eid=3&x=1":                    "https://news.test/a?x=1",
		"https://news.test/a?ocid=1&cmpid=2&ref=tw&ref_src=twsrc&igshid=9&p=2": "https://news.test/a?p=2",
		"https://news.test/a?tag=b&tag=a":                                      "https://news.test/a?tag=b&tag=a", // value order kept
		"https://news.test/a?q=caf%C3%A9+au+lait":                              "https://news.test/a?q=caf%C3%A9+au+lait",
		"https://news.test/a?flag":                                             "https://news.test/a?flag",
		"https://[2001:DB8::1]:443/x":                                          "https://[2001:db8::1]/x",
		"  https://news.test/a  ":                                              "https://news.test/a",
		"not a url":                                                            "not a url",
		"tag:dispatch.test,2025:x":                                             "tag:dispatch.test,2025:x",
	}
	for in, want := range cases {
		if got := CanonicalURL(in); got != want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", in, got, want)
		}
	}
}
