using Nlp.Models.MaxEnt;

namespace Nlp.Models.Tests.MaxEnt;

public class CoordinatedListsTests
{
    /// <summary>The entities of a marked sentence grouped by list: the texts of each list's members (lists of two or more).</summary>
    private static List<List<string>> Lists(string marked)
    {
        var view = new DocumentView(TinyCorpus.Parse("l", marked));
        var ids = view.EntityLists;
        return Enumerable.Range(0, ids.Length).Where(e => ids[e] >= 0).GroupBy(e => ids[e])
            .Select(g => g.Select(e => view.Document.TextOf(view.Entities[e].Span)).ToList()).ToList();
    }

    [Fact]
    public void Members_joined_by_commas_conjunctions_and_a_determiner_form_one_list()
    {
        var lists = Lists("Wagons bound for [[Omsk|GPE]], [[Novosibirsk|GPE]], the [[Altai|LOC]] and [[Krasnoyarsk|GPE]] left in [[1944|DATE]].");
        Assert.Equal([["Omsk", "Novosibirsk", "Altai", "Krasnoyarsk"]], lists);
        Assert.Equal([["Mongolia", "Iran", "Afghanistan"]],
            Lists("They fled into [[Mongolia|GPE]], [[Iran|GPE]] as well as [[Afghanistan|GPE]]."));
        Assert.Equal([["Omsk", "Tomsk", "Tara"]], Lists("They went to [[Omsk|GPE]], [[Tomsk|GPE]], [[Tara|GPE]]."));
    }

    [Fact]
    public void Two_names_with_a_comma_alone_are_no_list()
    {
        // A place and where it lies, or an apposition: not members of one list.
        Assert.Empty(Lists("He was born in [[Split|GPE]], [[Yugoslavia|GPE]], in [[1894|DATE]]."));
        Assert.Empty(Lists("[[Kovalenko|PERSON]], [[Omarov|PERSON]]'s assessor, sat."));
    }

    [Fact]
    public void Mentions_of_other_classes_or_with_other_words_between_are_no_list()
    {
        Assert.Empty(Lists("[[Ivanov|PERSON]] and [[Moscow|GPE]] were named."));
        Assert.Empty(Lists("From [[Kiev|GPE]] to [[Odessa|GPE]] and beyond."));
        Assert.Equal([["Kovalenko", "Tulegenova"]], Lists("The assessors [[Kovalenko|PERSON]] and [[Tulegenova|PERSON]] sat with [[Omarov|PERSON]]."));
    }
}
