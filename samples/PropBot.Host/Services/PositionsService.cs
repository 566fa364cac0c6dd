using PropBot.Exchanges;
using PropBot.Host.Configuration;
using PropBot.Host.Venues;

namespace PropBot.Host.Services;

internal sealed record PositionView(
    string Symbol,
    string? UnifiedSymbol,
    string PositionSide,
    decimal Quantity,
    decimal EntryPrice,
    decimal MarkPrice,
    decimal NotionalUsd,
    decimal UnrealizedPnl,
    int Leverage,
    string MarginType,
    decimal Margin,
    decimal MaintenanceMargin,
    decimal? LiquidationPrice);

internal sealed record MarginView(decimal WalletBalance, decimal MarginBalance, decimal AvailableBalance, decimal InitialMargin, decimal MaintenanceMargin, decimal MaintenanceMarginRatio);

internal sealed record VenuePositionsView(string Venue, bool Connected, string? Error, MarginView? Margin, IReadOnlyList<PositionView> Positions);

internal sealed record AssetDeltaView(string BaseAsset, decimal NetQuantity, decimal NetNotionalUsd);

internal sealed record PositionsReport(
    DateTimeOffset AsOf,
    IReadOnlyList<VenuePositionsView> Venues,
    IReadOnlyList<AssetDeltaView> ByAsset,
    decimal CrossVenueDeltaUsd,
    decimal DeltaLimitUsd,
    bool WithinLimit);

/// <summary>Positions and margin per venue/symbol with the cross-venue delta (signed notional at mark).</summary>
internal sealed class PositionsService(HostSettings settings, VenueDirectory venues, TimeProvider timeProvider)
{
    public async Task<PositionsReport> GetAsync(CancellationToken cancellationToken)
    {
        var views = new List<VenuePositionsView>();
        var all = new List<Position>();
        foreach (var venue in venues.All)
        {
            var positions = await venue.Client.GetPositionsAsync(cancellationToken).ConfigureAwait(false);
            var margin = await venue.Client.GetAccountMarginAsync(cancellationToken).ConfigureAwait(false);
            if (!positions.Success)
            {
                views.Add(new VenuePositionsView(venue.Id.Value, false, $"{positions.Error.Code}: {positions.Error.Message}", null, []));
                continue;
            }

            all.AddRange(positions.Data);
            views.Add(new VenuePositionsView(
                venue.Id.Value,
                true,
                margin.Success ? null : $"{margin.Error.Code}: {margin.Error.Message}",
                margin.Success ? new MarginView(margin.Data.WalletBalance, margin.Data.MarginBalance, margin.Data.AvailableBalance, margin.Data.InitialMargin, margin.Data.MaintenanceMargin, Math.Round(margin.Data.MaintenanceMarginRatio, 6)) : null,
                positions.Data.Select(p => View(venue, p)).ToList()));
        }

        var byAsset = all
            .GroupBy(BaseAssetOf, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new AssetDeltaView(g.Key, g.Sum(p => p.Quantity), Math.Round(g.Sum(p => p.Notional), 2)))
            .ToList();
        var delta = Math.Round(all.Sum(p => p.Notional), 2);
        var limit = settings.Risk.CrossVenueDeltaAbsMaxUsd;
        return new PositionsReport(timeProvider.GetUtcNow(), views, byAsset, delta, limit, Math.Abs(delta) <= limit);
    }

    /// <summary>The base asset through the venue's symbol mapper (BTCUSDT and BTC-USDT-SWAP are both BTC); the raw
    /// symbol when the venue cannot map it.</summary>
    private string BaseAssetOf(Position p) =>
        venues.Find(p.Instrument.Venue.Value)?.Client.SymbolMapper is { } mapper && mapper.TryToUnified(p.Instrument.Symbol, out var unified)
            ? unified.BaseAsset
            : p.Instrument.Symbol;

    private static PositionView View(VenueConnection venue, Position p) => new(
        p.Instrument.Symbol,
        venue.Client.SymbolMapper is { } mapper && mapper.TryToUnified(p.Instrument.Symbol, out var unified) ? unified.ToString() : null,
        Wire.Of(p.PositionSide),
        p.Quantity,
        p.EntryPrice,
        p.MarkPrice,
        Math.Round(p.Notional, 2),
        p.UnrealizedPnl,
        p.Leverage,
        Wire.Of(p.MarginType),
        p.Margin,
        p.MaintenanceMargin,
        p.LiquidationPrice);
}

/// <summary>Lower-case wire names of the model enums.</summary>
internal static class Wire
{
    public static string Of(PositionSide side) => side switch { PositionSide.Long => "long", PositionSide.Short => "short", _ => "both" };

    public static string Of(MarginType type) => type == MarginType.Cross ? "cross" : "isolated";

    public static string Of(PositionMode mode) => mode == PositionMode.Hedge ? "hedge" : "one_way";

    public static string Of(OrderSide side) => side == OrderSide.Buy ? "buy" : "sell";

    public static string Of(OrderStatus status) => status switch
    {
        OrderStatus.New => "new",
        OrderStatus.PartiallyFilled => "partially_filled",
        OrderStatus.Filled => "filled",
        OrderStatus.Canceled => "canceled",
        OrderStatus.Rejected => "rejected",
        OrderStatus.Expired => "expired",
        _ => "unknown",
    };

    public static string Of(VenueError error) => $"{error.Code}: {error.Message}";
}
