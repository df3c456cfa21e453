package feeds

import "testing"

func TestFragmentText(t *testing.T) {
	cases := map[string]string{
		"<p>One</p><p>Two</p>":                            "One\n\nTwo",
		"<p>  spaced \n\t out  </p>":                      "spaced\nout",
		"<div>a<span>b</span> c</div>":                    "ab c",
		"<h3>Head</h3>text after":                         "Head\n\ntext after",
		"<ul><li>x</li><li>y</li></ul>":                   "x\n\ny",
		"<blockquote>q</blockquote>tail":                  "q\n\ntail",
		"a<br>b":                                          "a\nb",
		"a<br>  <br/>b":                                   "a\n\nb",
		"a<br><br><br>b":                                  "a\n\nb",
		"Fish &amp; chips &eacute;t&eacute; &#8212; done": "Fish & chips été — done",
		"<p>x</p><script>alert(1)</script><style>p{}</style><p>y</p>":       "x\n\ny",
		`<p>shown</p><p style="display: none">hidden</p><p hidden>also</p>`: "shown",
		"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>":   "a b\n\nc",
		"plain text &amp; entities\n\nsecond paragraph":                     "plain text & entities\n\nsecond paragraph",
		"a < b and c > d":     "a < b and c > d",
		"<p>x&nbsp;y</p>":     "x y",
		"":                    "",
		"<p></p><div> </div>": "",
	}
	for in, want := range cases {
		if got := fragmentText(in); got != want {
			t.Errorf("fragmentText(%q) = %q, want %q", in, got, want)
		}
	}
}
