-- scalar macro: the rate to base currency of one amount, given the rate found for its date;
-- a missing rate is an error naming the currency and the date, never a silent 1.0
create or replace macro base_rate(currency, rate_on, base_currency, found_rate) as
    case
        when currency = base_currency then 1
        when found_rate is null then error(
            'missing FX rate: no ' || currency || ' rate on or before ' || rate_on
        )
        else found_rate
    end
