using Microsoft.ML.Tokenizers;

namespace Nlp.Models.Encoders;

/// <summary>
/// A sentence's tokens as WordPiece ids, with the token each piece came from: the map that brings piece vectors
/// back to tokens, and through the tokens' spans to character offsets in the original text. Each token is
/// tokenized alone (its surface, accents folded), so a piece never straddles two tokens; a token that yields no
/// piece (a lone superscript, a control character) becomes [UNK], and a very long one keeps its first pieces.
/// </summary>
public sealed record WordPieceAlignment(int[] PieceIds, int[] TokenOfPiece, int TokenCount)
{
    /// <summary>Pieces one token may take: "spetsposelentsy" needs 5, a 40-letter chemical name about 15.</summary>
    public const int MaxPiecesPerToken = 16;

    public static WordPieceAlignment Of(BertTokenizer tokenizer, IReadOnlyList<string> tokens)
    {
        var ids = new List<int>(tokens.Count * 2);
        var owner = new List<int>(tokens.Count * 2);
        for (int t = 0; t < tokens.Count; t++)
        {
            var pieces = tokenizer.EncodeToIds(AccentFolding.Fold(tokens[t]), addSpecialTokens: false);
            if (pieces.Count == 0) pieces = [tokenizer.UnknownTokenId];
            for (int p = 0; p < Math.Min(pieces.Count, MaxPiecesPerToken); p++)
            {
                ids.Add(pieces[p]);
                owner.Add(t);
            }
        }
        return new WordPieceAlignment(ids.ToArray(), owner.ToArray(), tokens.Count);
    }

    /// <summary>The first piece of each token.</summary>
    public int[] FirstPieces()
    {
        var first = new int[TokenCount];
        for (int p = PieceIds.Length - 1; p >= 0; p--) first[TokenOfPiece[p]] = p;
        return first;
    }
}
