using TorchSharp;
public class ReproTests
{
    [Fact]
    public void Repro()
    {
        Console.WriteLine(System.AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES"));
        var t = torch.ones(3);
        Assert.Equal(3, t.sum().item<float>());
    }
}
